/**
 * Lower-case user-agent substrings of crawlers, link previewers, uptime checkers and headless
 * browsers: the list PostHog's SDKs share for bot detection (posthog-node's `isBlockedUA`).
 */
const BOT_USER_AGENTS = [
  'amazonbot', 'amazonproductbot', 'app.hypefactors.com', 'applebot', 'archive.org_bot', 'awariobot', 'backlinksextendedbot',
  'baiduspider', 'bingbot', 'bingpreview', 'chrome-lighthouse', 'dataforseobot', 'deepscan', 'duckduckbot', 'facebookexternal',
  'facebookcatalog', 'http://yandex.com/bots', 'hubspot', 'ia_archiver', 'leikibot', 'linkedinbot', 'meta-externalagent', 'mj12bot',
  'msnbot', 'nessus', 'petalbot', 'pinterest', 'pinterestbot', 'prerender', 'rogerbot', 'screaming frog', 'sebot-wa', 'sitebulb',
  'slackbot', 'slurp', 'trendictionbot', 'turnitin', 'twitterbot', 'vercel-screenshot', 'vercelbot', 'yahoo! slurp', 'yandexbot',
  'zoombot', 'bot.htm', 'bot.php', '(bot;', 'bot/', 'crawler', 'ahrefsbot', 'ahrefssiteaudit', 'semrushbot', 'siteauditbot',
  'splitsignalbot', 'gptbot', 'oai-searchbot', 'chatgpt-user', 'perplexitybot', 'better uptime bot', 'sentryuptimebot', 'uptimerobot',
  'headlesschrome', 'lightpanda', 'cypress', 'google-hoteladsverifier', 'adsbot-google', 'apis-google', 'duplexweb-google',
  'feedfetcher-google', 'google favicon', 'google web preview', 'google-read-aloud', 'googlebot', 'googleother',
  'google-cloudvertexbot', 'googleweblight', 'mediapartners-google', 'storebot-google', 'google-inspectiontool', 'bytespider',
];

/** Whether a user agent is a bot's: one of the known substrings, or one of `extra`, anywhere in it (case-insensitive). @internal */
export function isBotUserAgent(userAgent: string, extra: readonly string[]): boolean {
  const ua = userAgent.toLowerCase();
  if (BOT_USER_AGENTS.some((bot) => ua.includes(bot))) return true;
  return extra.some((bot) => bot !== '' && ua.includes(bot.toLowerCase()));
}
