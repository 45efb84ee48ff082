/** One accepted webhook delivery, ready to land in its raw stream. */
export interface Delivery {
  /** Idempotency key, unique per sender: `github:<X-GitHub-Delivery>`, `pagerduty:<event id>`, `doraform:<sha256 of body>`. */
  key: string;
  namespace: string;
  stream: string;
  /** The payload as received (parsed JSON). */
  data: unknown;
  receivedAt: Date;
}

/**
 * Lands deliveries durably. `write` resolves only once the delivery is durable (or known to have
 * landed before), so the receiver acknowledges nothing it could still lose.
 */
export interface DeliveryWriter {
  write(delivery: Delivery): Promise<"landed" | "duplicate">;
  close(): Promise<void>;
}
