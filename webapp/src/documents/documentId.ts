const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a `/d/<documentId>` segment is a document id (a UUID). The router hands it over decoded, so anything
 * else ("..%2F..%2Fadmin") could steer the API path it is put into to another endpoint.
 */
export function isDocumentId(value: string): boolean {
  return UUID.test(value);
}
