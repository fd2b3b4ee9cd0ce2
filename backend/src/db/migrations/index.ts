/**
 * The ordered list of migrations. A static list (instead of a directory scan) works the same under tsx,
 * in tests and in a bundle. Append new migrations; never edit one that has shipped.
 */
import type { Knex } from 'knex';
import * as m001 from './001_foundation.js';
import * as m002 from './002_categories_projects.js';
import * as m003 from './003_documents.js';
import * as m004 from './004_analysis.js';
import * as m005 from './005_backups.js';
import * as m006 from './006_payments.js';
import * as m007 from './007_billing.js';
import * as m008 from './008_monitoring.js';
import * as m009 from './009_vector_index.js';
import * as m010 from './010_vector_index_recall.js';
import * as m011 from './011_vector_index_halfvec.js';
import * as m012 from './012_chunk_copies.js';
import * as m013 from './013_file_deletions.js';
import * as m014 from './014_maintenance_runs.js';
import * as m015 from './015_document_ocr_pages.js';
import * as m016 from './016_document_ocr_page_numbers.js';
import * as m017 from './017_analysis_claims.js';
import * as m018 from './018_search_korean.js';
import * as m019 from './019_stripe_pending_refunds.js';
import * as m020 from './020_user_language.js';
import * as m021 from './021_user_mfa.js';
import * as m022 from './022_document_row_count.js';
import * as m023 from './023_formulas.js';
import * as m024 from './024_template_products.js';
import * as m025 from './025_analysis_quote.js';
import * as m027 from './027_template_examples.js';
import * as m029 from './029_document_error_code.js';
import * as m030 from './030_ledger_functions.js';
import * as m031 from './031_vector_index_breadth.js';
import * as m032 from './032_search_compound_words.js';
import * as m033 from './033_search_word_pairs.js';
import * as m034 from './034_confirmation_link_credentials.js';
import * as m035 from './035_search_korean_words.js';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const migrations: Record<string, Migration> = {
  '001_foundation': m001,
  '002_categories_projects': m002,
  '003_documents': m003,
  '004_analysis': m004,
  '005_backups': m005,
  '006_payments': m006,
  '007_billing': m007,
  '008_monitoring': m008,
  '009_vector_index': m009,
  '010_vector_index_recall': m010,
  '011_vector_index_halfvec': m011,
  '012_chunk_copies': m012,
  '013_file_deletions': m013,
  '014_maintenance_runs': m014,
  '015_document_ocr_pages': m015,
  '016_document_ocr_page_numbers': m016,
  '017_analysis_claims': m017,
  '018_search_korean': m018,
  '019_stripe_pending_refunds': m019,
  '020_user_language': m020,
  '021_user_mfa': m021,
  '022_document_row_count': m022,
  '023_formulas': m023,
  '024_template_products': m024,
  '025_analysis_quote': m025,
  '027_template_examples': m027,
  '029_document_error_code': m029,
  '030_ledger_functions': m030,
  '031_vector_index_breadth': m031,
  '032_search_compound_words': m032,
  '033_search_word_pairs': m033,
  '034_confirmation_link_credentials': m034,
  '035_search_korean_words': m035,
};

export const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return Object.keys(migrations);
  },
  getMigrationName(name) {
    return name;
  },
  async getMigration(name) {
    return migrations[name];
  },
};
