export async function runInspect(_files: string[], _options: { json?: boolean }): Promise<void> {}
