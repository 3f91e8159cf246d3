import { BaseSchema } from '@adonisjs/lucid/schema'

/** Each plugin's settings for this tenant, sealed with APP_KEY (PluginSettingsService). */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('plugin_settings', (table) => {
      table.increments('id')
      /** Manifest name; npm allows 214 characters. */
      table.string('plugin_name', 214).notNullable().unique()
      table.boolean('enabled').notNullable().defaultTo(false)
      /** Encrypted JSON object of the validated settings. */
      table.text('settings').notNullable()
      /** Bumped on every save: cached plugin instances built from an older version are rebuilt. */
      table.integer('version').unsigned().notNullable().defaultTo(1)
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
    })
  }

  async down() {
    this.schema.dropTable('plugin_settings')
  }
}
