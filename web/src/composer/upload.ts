// File upload with progress: POST /api/v4/files as Client4 sends it (session cookie, X-Requested-With, the CSRF
// token from the MMCSRF cookie), over XMLHttpRequest so the bytes sent can be shown.
import type { FileInfo, FileUploadResponse } from '@mattermost/types/files';

function csrfToken(): string {
  return /(?:^|;\s*)MMCSRF=([^;]+)/.exec(document.cookie)?.[1] ?? '';
}

export class UploadError extends Error {}

/** Uploads `files` to `channelId`; `onProgress` gets 0..1. Rejects with the server's AppError message. */
export function uploadFiles(channelId: string, files: File[], onProgress: (fraction: number) => void): Promise<FileInfo[]> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append('channel_id', channelId);
    for (const f of files) form.append('files', f, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v4/files');
    xhr.withCredentials = true;
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    const csrf = csrfToken();
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        onProgress(1);
        resolve((body as FileUploadResponse).file_infos);
      } else reject(new UploadError((body as { message?: string } | undefined)?.message ?? `Upload failed (${xhr.status})`));
    };
    xhr.onerror = () => reject(new UploadError('Upload failed: the server could not be reached.'));
    xhr.send(form);
  });
}

/** The files of a paste or a drop (clipboard images get a name). */
export function filesFrom(data: DataTransfer | null): File[] {
  if (!data) return [];
  const out: File[] = [];
  for (const f of Array.from(data.files)) {
    out.push(f.name ? f : new File([f], `pasted-${Date.now()}.${f.type.split('/')[1] ?? 'bin'}`, { type: f.type }));
  }
  return out;
}
