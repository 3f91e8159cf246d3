import { DateTime } from 'luxon'

/** A timestamp for raw query-builder writes, in the format Lucid's models write their own. */
export function sqlTimestamp(moment: DateTime = DateTime.now()) {
  return moment.toFormat('yyyy-MM-dd HH:mm:ss')
}
