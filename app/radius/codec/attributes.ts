/*
 * Typed reads of decoded attributes (the first value when an attribute is repeated).
 */
import type { AttributeValue, DecodedAttributes, DecodedPacket } from './types.js'

// A repeated attribute is an array of values; tagged values ([tag, value]) are not read here.
function first(value: AttributeValue | AttributeValue[] | undefined): unknown {
  return Array.isArray(value) ? value[0] : value
}

/**
 * The attribute as a string, or undefined when absent or not a string.
 */
export function stringAttribute(attributes: DecodedAttributes, name: string): string | undefined {
  const value = first(attributes[name])
  return typeof value === 'string' ? value : undefined
}

/**
 * The attribute as bytes, or undefined when absent or not an octets attribute.
 */
export function bufferAttribute(attributes: DecodedAttributes, name: string): Buffer | undefined {
  const value = first(attributes[name])
  return Buffer.isBuffer(value) ? value : undefined
}

/**
 * The value of the first top-level attribute of `type` exactly as received.
 */
export function rawAttribute(
  packet: Pick<DecodedPacket, 'rawAttributes'>,
  type: number
): Buffer | undefined {
  return packet.rawAttributes.find((attribute) => attribute[0] === type)?.[1]
}
