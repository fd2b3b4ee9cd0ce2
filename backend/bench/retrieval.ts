export async function benchRetrieval(): Promise<void> {}
