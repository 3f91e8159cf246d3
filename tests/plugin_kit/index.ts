/*
 * The plugin conformance kit: call these from a Japa spec to check a plugin against the
 * contracts in app/plugins/contracts. See the "Write a plugin" section of the README.
 */
export { runDeviceDriverConformance, sampleNas } from './device_conformance.js'
export type { DeviceConformanceContext, DeviceConformanceOptions } from './device_conformance.js'
export { runPaymentGatewayConformance } from './payment_conformance.js'
export type { PaymentConformanceOptions } from './payment_conformance.js'
export { fakeServices, FakeCoaSender } from './fake_services.js'
