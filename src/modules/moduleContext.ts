/** What every module plugin is given: the database, settings and the shared in-process services. */
import type { AppConfig } from '../config.js';
import type { CityPack } from '../cities/cityPack.js';
import type { Db } from '../db/client.js';
import type { CalendarService } from './calendar/calendarService.js';
import type { AreaService } from './areas/areaService.js';
import type { SecretKeys } from '../platform/crypto/secretKeys.js';
import type { SessionLimits } from '../platform/auth/sessionStore.js';
import type { SmsSender } from '../platform/sms/smsSender.js';
import type { MediaStorage } from '../platform/media/mediaStorage.js';

export interface ModuleContext {
  db: Db;
  config: AppConfig;
  city: CityPack;
  areas: AreaService;
  calendar: CalendarService;
  keys: SecretKeys;
  sessionLimits: SessionLimits;
  /** Cookies get the Secure flag when the public origin is https. */
  secureCookies: boolean;
  sms: SmsSender;
  /** Uploaded photos, videos and avatars. */
  media: MediaStorage;
}
