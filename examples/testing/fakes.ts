/**
 * In-memory stand-ins for the shop's services, recording every call so a property can count them. The
 * payments fake dedupes by idempotency key, as real card processors do.
 */
import type { Charge, Mailer, Payments } from './shop.js';

export class FakePayments implements Payments {
  readonly charges: Array<Charge & { orderId: string }> = [];
  readonly #byKey = new Map<string, Charge>();

  async charge(orderId: string, cents: number, options: { idempotencyKey?: string } = {}): Promise<Charge> {
    const key = options.idempotencyKey;
    const earlier = key === undefined ? undefined : this.#byKey.get(key);
    if (earlier) return earlier;
    const charge = { chargeId: `ch_${this.charges.length + 1}`, cents };
    this.charges.push({ ...charge, orderId });
    if (key !== undefined) this.#byKey.set(key, charge);
    return charge;
  }

  reset(): void {
    this.charges.length = 0;
    this.#byKey.clear();
  }
}

export class FakeMailer implements Mailer {
  readonly sent: Array<{ to: string; subject: string }> = [];

  async send(to: string, subject: string): Promise<{ messageId: string }> {
    this.sent.push({ to, subject });
    return { messageId: `msg_${this.sent.length}` };
  }

  reset(): void {
    this.sent.length = 0;
  }
}
