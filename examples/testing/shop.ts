/**
 * A shop's checkout, as an app definition module: `registerShop(app, services)` registers its tasks on any app
 * (the production app on Redis, or a test app), and `checkout(order)` is the workflow. Reserve every line's
 * stock, charge the card once for the total, ship, and email a receipt when it has shipped.
 */
import { chain, chord, signature, type App, type Canvas } from '../../index.js';

export interface Order {
  readonly id: string;
  readonly lines: ReadonlyArray<{ readonly sku: string; readonly qty: number; readonly cents: number }>;
}

export type Reservation = { orderId: string; sku: string; qty: number; cents: number };
export type Charge = { chargeId: string; cents: number };

/** A card processor. It dedupes by `idempotencyKey` when given one, as Stripe and Adyen do. */
export interface Payments {
  charge(orderId: string, cents: number, options?: { idempotencyKey?: string }): Promise<Charge>;
}

/** Sends mail. It has no idempotency key: every call is a new email. */
export interface Mailer {
  send(to: string, subject: string): Promise<{ messageId: string }>;
}

export interface ShopServices {
  readonly payments: Payments;
  readonly mailer: Mailer;
  /**
   * Which version of the charge step to register: `'naive'` charges without an idempotency key (the bug this
   * example's property catches), `'keyed'` passes the task's idempotency key to the processor. @default 'keyed'
   */
  readonly charge?: 'naive' | 'keyed';
}

export function registerShop(app: App, services: ShopServices) {
  const reserve = app.task('reserveStock', (orderId: string, sku: string, qty: number, cents: number): Reservation => ({ orderId, sku, qty, cents: qty * cents }));

  const charge =
    services.charge === 'naive'
      ? // Every run of this handler is a new charge: a crash after the charge and before its result is
        // committed, or a second worker running it after a lock expiry, charges the customer twice.
        app.task('chargeCard', async (reservations: Reservation[], orderId: string) => services.payments.charge(orderId, total(reservations)))
      : // The processor dedupes by key, and the key is the same on every attempt and redelivery of this node.
        app.task('chargeCard', async function (reservations: Reservation[], orderId: string) {
          return services.payments.charge(orderId, total(reservations), { idempotencyKey: this.idempotencyKey });
        });

  const ship = app.task('ship', (paid: Charge, orderId: string) => ({ orderId, chargeId: paid.chargeId, tracking: `TRK-${orderId}` }));

  // The mailer has no key to dedupe by: ctx.once keeps the message id, so a re-run after it was stored sends nothing.
  const sendReceipt = app.task('sendReceipt', async function (shipment: { orderId: string }) {
    const sent = await this.once('email', () => services.mailer.send(`${shipment.orderId}@example.com`, `Your order ${shipment.orderId} has shipped`));
    return sent.messageId;
  });

  return { reserve, charge, ship, sendReceipt };
}

/**
 * The checkout workflow of one order: every line reserved (a chord header), the card charged with the
 * reservations (the chord body), then shipped; the receipt follows the shipment as a link.
 */
export function checkout(order: Order): Canvas {
  const reservations = order.lines.map((line) => signature('reserveStock', [order.id, line.sku, line.qty, line.cents]));
  return chain(chord(reservations, signature('chargeCard', [order.id])), signature('ship', [order.id]).link(signature('sendReceipt')));
}

function total(reservations: readonly Reservation[]): number {
  return reservations.reduce((sum, r) => sum + r.cents, 0);
}
