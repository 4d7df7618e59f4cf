/**
 * `$initial_*` person properties the flags service fills from their current counterparts when the
 * person does not have them yet (rust/feature-flags/src/flags/flag_matching_utils.rs,
 * `populate_missing_initial_properties`, called by `get_person_properties`): ingestion writes them late,
 * so a filter on `$initial_browser` reads `$browser` until it does. The list is the server's.
 * @internal
 */
const SOURCES = [
  '$app_build',
  '$app_name',
  '$app_namespace',
  '$app_version',
  '$browser',
  '$browser_version',
  '$device_type',
  '$current_url',
  '$pathname',
  '$os',
  '$os_version',
  '$referring_domain',
  '$referrer',
  '$screen_height',
  '$screen_width',
  '$viewport_height',
  '$viewport_width',
  '$raw_user_agent',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_content',
  'utm_term',
  'gclid',
  'gad_source',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'fbclid',
  'msclkid',
  'twclid',
  'li_fat_id',
  'mc_cid',
  'igshid',
  'ttclid',
  'rdt_cid',
  'epik',
  'qclid',
  'sccid',
  'irclid',
  '_kx',
];

const BY_INITIAL = new Map(SOURCES.map((source) => [`$initial_${source.startsWith('$') ? source.slice(1) : source}`, source]));

/** The property an absent `$initial_*` person property is read from, if it is one of those. @internal */
export function initialPropertySource(key: string): string | undefined {
  return BY_INITIAL.get(key);
}
