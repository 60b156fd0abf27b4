/** The admin API key lives in sessionStorage: it survives reloads of the tab, not the browser session. */
const STORAGE_KEY = 'mimicus.apiKey';

export const readApiKey = (): string | undefined => sessionStorage.getItem(STORAGE_KEY) ?? undefined;
export const saveApiKey = (key: string): void => sessionStorage.setItem(STORAGE_KEY, key);
export const clearApiKey = (): void => sessionStorage.removeItem(STORAGE_KEY);
