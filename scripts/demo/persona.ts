/**
 * The demo user's history: into trail running and home espresso, tired of celebrity gossip.
 * It is imported as a history file would be (the `history.import` verb), so it lands in the
 * extension's own IndexedDB exactly like events recorded while browsing.
 */
import { DEMO_HOST, DEMO_SITE } from './site';

export interface SeedEvent {
  kind: 'view' | 'click' | 'search' | 'dismiss';
  site: string;
  url: string;
  title: string;
}

const at = (path: string) => `https://${DEMO_HOST}${path}`;

// None of these is an item on the demo page: LocalRank has to generalise from them, not recognise them.
export const PERSONA: readonly SeedEvent[] = [
  { kind: 'search', site: DEMO_SITE, url: at('/search?q=trail+running+shoes'), title: 'trail running shoes' },
  { kind: 'view', site: DEMO_SITE, url: at('/p/ridgeline-trail-4'), title: 'Ridgeline Trail 4 running shoes' },
  { kind: 'view', site: DEMO_SITE, url: at('/p/ultralight-vest-8'), title: 'Ultralight trail running vest, 8 L' },
  { kind: 'click', site: DEMO_SITE, url: at('/p/headlamp-300'), title: 'Headlamp for trail running, 300 lumens' },
  { kind: 'search', site: DEMO_SITE, url: at('/search?q=espresso+grinder'), title: 'espresso grinder' },
  { kind: 'view', site: DEMO_SITE, url: at('/p/crema-uno'), title: 'Crema Uno home espresso machine, 15 bar' },
  { kind: 'view', site: DEMO_SITE, url: at('/p/knock-box'), title: 'Espresso knock box and tamper station' },
  { kind: 'click', site: DEMO_SITE, url: at('/p/house-blend'), title: 'Fresh roasted espresso beans, house blend' },
  { kind: 'dismiss', site: DEMO_SITE, url: at('/p/hollywood-special'), title: 'Celebrity Insider: Hollywood gossip special' },
  { kind: 'dismiss', site: DEMO_SITE, url: at('/p/gossip-subscription'), title: 'Celebrity gossip magazine, 12 issues' },
  { kind: 'dismiss', site: DEMO_SITE, url: at('/p/red-carpet-weekly'), title: 'Red carpet weekly: celebrity scandal and gossip' },
];
