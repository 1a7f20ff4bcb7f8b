// Types of scripts/i18n-lib.mjs for the TypeScript tests that use it.
export type Catalogue = Record<string, string>;
export interface LocaleReport {
  missing: string[];
  extra: string[];
  mismatched: string[];
}
export const ROOT: string;
export const WEB_SRC: string;
export const WEB_LOCALES: string;
export const SERVER_LOCALES: string;
export const LOCALES: string[];
export const PSEUDO: string;
export function extractWeb(dir?: string): Catalogue;
/** A message written in web source: id, English, where the English literal stands, whether a JSX attribute. */
export interface MessageSite {
  id: string;
  message: string;
  start: number;
  end: number;
  attr: boolean;
}
export function messageSites(text: string): Generator<MessageSite>;
export function sortKeys<T extends Record<string, unknown>>(o: T): T;
export function readJson(file: string): Catalogue;
export function writeJson(file: string, value: unknown): void;
export function icuPlaceholders(message: string): string[] | null;
export function goPlaceholders(message: string): string[];
export function compare(
  english: Catalogue,
  catalogues: Record<string, Catalogue>,
  placeholders: (m: string) => string[] | null,
): Record<string, LocaleReport>;
export function webCatalogues(): Record<string, Catalogue>;
export function serverCatalogues(): Record<string, Catalogue>;
export function pseudo(message: string): string;
export function serverEnglish(): Promise<Catalogue>;
