/**
 * The FluxStack Live wire protocol (v1) as the studio speaks it: the only
 * place message shapes are defined. Browser-safe: no node:* or ws imports.
 * Split by concern into protocol-*.ts; import from here.
 */
export * from './protocol-fields'
export * from './protocol-client'
export * from './protocol-server'
export * from './protocol-parse'
export * from './protocol-answers'
