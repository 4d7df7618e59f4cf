/**
 * Campaign parameters kept on minimal `$feature_flag_called` events: super properties under their
 * bare names (PostHog derives a session's initial campaign from the first event that has them).
 */
const CAMPAIGN_PROPERTIES = [
  'utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term', 'gad_source', 'mc_cid', 'gclid', 'gclsrc', 'dclid',
  'gbraid', 'wbraid', 'fbclid', 'msclkid', 'twclid', 'li_fat_id', 'igshid', 'ttclid', 'rdt_cid', 'epik', 'qclid', 'sccid',
  'oppref', 'bfcid', 'irclid', '_kx',
];

/**
 * Every property a minimal `$feature_flag_called` event keeps (spec feature-flag-called, "Minimal
 * event mode", the list posthog-node 5.x applies): flag identity and debug keys, processing
 * controls, location and campaign keys, session linkage and SDK identity. Everything else goes.
 */
const MINIMAL_FLAG_CALLED_PROPERTIES: ReadonlySet<string> = new Set([
  '$feature_flag', '$feature_flag_response', '$feature_flag_has_experiment', '$feature_flag_id', '$feature_flag_version',
  '$feature_flag_reason', '$feature_flag_request_id', '$feature_flag_evaluated_at', '$feature_flag_error', 'locally_evaluated',
  '$groups', '$process_person_profile', '$geoip_disable', '$current_url', '$pathname', '$referring_domain',
  ...CAMPAIGN_PROPERTIES,
  '$session_id', '$window_id', '$lib', '$lib_version', '$device_id', '$is_server',
]);

/**
 * The properties of a minimal `$feature_flag_called` event, built from the fully merged ones (super,
 * context and call properties) before `beforeSend` runs, as posthog-node does: a hook may add more back.
 * @internal
 */
export function minimalFlagCalledProperties(properties: Record<string, unknown>): Record<string, unknown> {
  const minimal: Record<string, unknown> = {};
  for (const key in properties) {
    if (MINIMAL_FLAG_CALLED_PROPERTIES.has(key) && properties[key] !== undefined) minimal[key] = properties[key];
  }
  return minimal;
}
