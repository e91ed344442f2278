// The catalog's wire values (cascade-protocol's enums), for forms and filters.
export const LEVELS = ['L1', 'L2', 'L3', 'L4', 'important', 'core'];
export const SHARING = ['unconditional', 'conditional', 'not_shareable'];
export const OPEN_TYPES = ['open', 'conditional', 'not_open'];
export const FORMATS = ['csv', 'jsonl', 'api', 'table'];
export const FIELD_TYPES = ['string', 'integer', 'decimal', 'boolean', 'date', 'datetime'];
export const UPDATE_CYCLES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular'];
export const SCOPES = ['node', 'province', 'national'];
export const SOURCES = ['upload', 'http', 'postgres'];
export const DIRECTIVE_KINDS = ['suspend-department', 'suspend-resource', 'freeze-level', 'pause-deliveries'];
