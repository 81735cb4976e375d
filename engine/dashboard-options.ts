/** Options of `app.dashboard()`, all optional. The dashboard itself sits above the engine and is given to `App` by `createApp`. */
export interface DashboardOptions {
  /**
   * TCP port; 0 picks a free one (read it from the returned `url`).
   * @default 5555
   */
  readonly port?: number;
  /**
   * Address to listen on. Anything but a loopback address needs a `token`.
   * @default '127.0.0.1'
   */
  readonly host?: string;
  /** When set, every request needs `Authorization: Bearer <token>`, or `?token=<token>` once (it sets an HttpOnly cookie). */
  readonly token?: string;
}

/** A running dashboard: where to open it, and how to stop it. */
export interface DashboardHandle {
  readonly url: string;
  close(): Promise<void>;
}
