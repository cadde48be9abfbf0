import { browser } from 'wxt/browser';

export interface CurrentTab {
  id: number | undefined;
  url: URL | undefined;
}

/**
 * The tab the popup is about. As the toolbar popup that is the active tab (activeTab grants its
 * URL); opened in a tab of its own, `?tab=<id>` names the tab.
 */
export async function currentTab(): Promise<CurrentTab> {
  const param = new URLSearchParams(location.search).get('tab');
  try {
    const tab = param ? await browser.tabs.get(Number(param)) : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
    return { id: tab?.id, url: tab?.url && /^https?:/.test(tab.url) ? new URL(tab.url) : undefined };
  } catch {
    return { id: undefined, url: undefined };
  }
}
