/*
 * Routes. Each side of the product has its own file under start/routes/.
 */
import '#start/routes/platform'
import '#start/routes/tenant'
import '#start/routes/public'
import '#start/routes/plugins'
import '#start/routes/catalogue'
import '#start/routes/vouchers'
import '#start/routes/nas'
