/**
 * mysql2 options Lucid's types do not list, passed on as they are, for every MySQL connection
 * (central and tenants). Only the RADIUS accounting writer prepares statements (a handful of
 * fixed texts), and mysql2 otherwise sets up a 16,000-slot cache for them per connection
 * (0.5 MB each, bench/radius/README.md).
 */
export const MYSQL2_OPTIONS: object = { maxPreparedStatements: 16 }
