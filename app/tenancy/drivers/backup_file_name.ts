/** `<db>-<UTC timestamp>.<ext>`: sortable and unique per second. */
export function backupFileName(dbName: string, extension: string) {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..+$/, 'Z')
  return `${dbName}-${stamp}.${extension}`
}
