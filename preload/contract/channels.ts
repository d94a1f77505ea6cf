import { z } from 'zod';
import { AppInfo, DialRequest, Empty, Language, PublicSettings, Theme } from './schemas';

/**
 * Every request the renderer can make, named `domain:action`. Each has a
 * schema for what comes in (checked in main before any service sees it), a
 * schema for what goes back, and the method name the bridges expose on
 * `window.tandem`: one function per message, never a raw IPC handle.
 */
const request = <Req extends z.ZodType, Res extends z.ZodType, M extends string>(method: M, req: Req, res: Res) =>
  ({ method, request: req, response: res }) as const;

export const requests = {
  'app:getInfo': request('getAppInfo', Empty, AppInfo),
  'settings:get': request('getSettings', Empty, PublicSettings),
  'settings:setLanguage': request('setLanguage', z.object({ language: Language }).strict(), PublicSettings),
  'settings:setTheme': request('setTheme', z.object({ theme: Theme }).strict(), PublicSettings),
  'dial:takePending': request('takePendingDial', Empty, z.array(DialRequest)),
} as const;

export type RequestChannel = keyof typeof requests;
export type RequestOf<C extends RequestChannel> = z.input<(typeof requests)[C]['request']>;
export type ParsedRequestOf<C extends RequestChannel> = z.output<(typeof requests)[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<(typeof requests)[C]['response']>;

export const REQUEST_CHANNELS = Object.keys(requests) as RequestChannel[];

export const isRequestChannel = (value: unknown): value is RequestChannel =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(requests, value);
