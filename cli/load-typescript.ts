/** File names Node cannot import on its own: they need tsx. */
const typescript = /\.(?:[cm]?ts|tsx)$/;
let registered: Promise<void> | undefined;

/**
 * Registers tsx before importing a TypeScript `--app` module. tsx is an optional peer dependency, loaded only
 * here, so a command on a JavaScript module (and `--help`, `--version`) starts without it.
 */
export function prepareImport(file: string): Promise<void> {
  // Running from source (a checkout without dist/), the bin has registered tsx already: once is enough.
  if (!typescript.test(file) || import.meta.url.endsWith('.ts')) return Promise.resolve();
  registered ??= import('tsx/esm/api').then(
    ({ register }) => {
      register();
    },
    (error: unknown) => {
      registered = undefined;
      const code = (error as { code?: string }).code;
      if (code !== 'ERR_MODULE_NOT_FOUND') throw error;
      throw new Error(`--app: '${file}' is TypeScript, which needs the tsx package: run \`npm install --save-dev tsx\`, or point --app at compiled JavaScript`, { cause: error });
    },
  );
  return registered;
}
