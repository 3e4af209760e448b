/**
 * The delivery event words relance understands, and how an SMS gateway's own status words map onto
 * them (`RELANCE_SMS_STATUS_MAP`). Configuration validates the map at boot, so the vocabulary lives
 * here, below the channels that use it.
 */
export const DELIVERY_EVENT_TYPES = ['delivered', 'bounced', 'soft_bounce', 'complaint', 'failed'] as const;
export type DeliveryEventType = (typeof DELIVERY_EVENT_TYPES)[number];

/** Renames the provider's status words (`DELIVRD`, `undeliverable`…) to our event types; keys in lower case. */
export type StatusMap = Readonly<Record<string, DeliveryEventType>>;

/**
 * `RELANCE_SMS_STATUS_MAP`: `DELIVRD=delivered,UNDELIV=failed,…`, on top of the usual words of
 * SMS gateways (SMPP delivery-receipt states and their spelled-out forms).
 */
export const DEFAULT_SMS_STATUS_MAP: StatusMap = {
  delivrd: 'delivered',
  success: 'delivered',
  sent_to_handset: 'delivered',
  undeliv: 'failed',
  undelivered: 'failed',
  undeliverable: 'failed',
  expired: 'failed',
  rejectd: 'failed',
  rejected: 'failed',
  deleted: 'failed',
  error: 'failed',
  invalid_number: 'bounced',
  unknown_subscriber: 'bounced',
  absent_subscriber: 'soft_bounce',
};

export function parseStatusMap(value: string): StatusMap | string {
  const map: Record<string, DeliveryEventType> = {};
  for (const pair of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [word, type] = pair.split('=').map((part) => part?.trim());
    if (!word || !type || !(DELIVERY_EVENT_TYPES as readonly string[]).includes(type.toLowerCase())) {
      return `"${pair}" must look like STATUS=${DELIVERY_EVENT_TYPES.join('|')}`;
    }
    map[word.toLowerCase()] = type.toLowerCase() as DeliveryEventType;
  }
  return map;
}
