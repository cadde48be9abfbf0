import { browser } from 'wxt/browser';

/**
 * URL of the tab the popup is about. As the toolbar popup that is the active tab (activeTab grants
 * its URL); opened in a tab of its own, `?tab=<id>` names the tab.
 */
export async function currentTabUrl(): Promise<URL | undefined> {
  const param = new URLSearchParams(location.search).get('tab');
  try {
    const tab = param ? await browser.tabs.get(Number(param)) : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
    return tab?.url && /^https?:/.test(tab.url) ? new URL(tab.url) : undefined;
  } catch {
    return undefined;
  }
}
