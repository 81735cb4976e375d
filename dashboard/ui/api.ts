import type { ApiError } from '../wire.js';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function read<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => ({ error: response.statusText }))) as T | ApiError;
  if (!response.ok) throw new ApiFailure(response.status, (body as ApiError).error ?? response.statusText);
  return body as T;
}

export async function getJSON<T>(path: string): Promise<T> {
  return read<T>(await fetch(path, { headers: { accept: 'application/json' } }));
}

/** Actions are JSON POSTs: the server refuses anything else, which is what keeps other sites from sending them. */
export async function postJSON<T>(path: string, body: unknown = {}): Promise<T> {
  return read<T>(await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}

export const enc = encodeURIComponent;
