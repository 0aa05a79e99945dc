export async function runConfig(_b: string, _options: { dir: string; name: string; debug?: boolean }): Promise<void> {}
