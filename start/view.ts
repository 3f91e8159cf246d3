/*
 * Edge globals: money, dates in the tenant's time zone, the theme.
 */
import edge from 'edge.js'
import { formatMoney, formatDateTime } from '#helpers/format'

edge.global('money', formatMoney)
edge.global('formatDateTime', formatDateTime)
