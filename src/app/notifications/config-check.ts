// The notification settings' part of Config.IsValid (PUT /config refuses what Mattermost refuses).
import type { Config } from '../../config/config.ts';
import { appError } from '../../model/app-error.ts';

export function validateNotificationSettings(cfg: Config): void {
  const es = cfg.EmailSettings;
  const invalid = (id: Parameters<typeof appError>[0]) => appError(id, 'Config.IsValid');
  if (!Number.isInteger(es.EmailBatchingBufferSize) || es.EmailBatchingBufferSize < 0)
    throw invalid('model.config.is_valid.email_batching_buffer_size.app_error');
  if (!Number.isInteger(es.EmailBatchingInterval) || es.EmailBatchingInterval < 30)
    throw invalid('model.config.is_valid.email_batching_interval.app_error');
  if (!['full', 'generic'].includes(es.EmailNotificationContentsType))
    throw invalid('model.config.is_valid.email_notification_contents_type.app_error');
  if (!['full', 'generic', 'generic_no_channel', 'id_loaded'].includes(es.PushNotificationContents))
    throw invalid('model.config.is_valid.push_notification_contents.app_error');
}
