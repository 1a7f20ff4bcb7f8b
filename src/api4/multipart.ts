// Reading a multipart/form-data request as the app's form parts (fields as text, files as streams), in their order.
import type { FastifyRequest } from 'fastify';
import type { FormPart } from '../app/files/form.ts';

/** Per-part limits: a file longer than `fileSize` ends there; a field is cut at `fieldSize`. */
export interface FormLimits {
  fileSize: number;
  fieldSize: number;
}

/**
 * The request's parts, read lazily: nothing is read before the consumer asks for the first part, and each file's stream
 * must be read to its end before the next part arrives.
 */
export async function* formParts(req: FastifyRequest, limits: FormLimits): AsyncGenerator<FormPart> {
  for await (const part of req.parts({ limits })) {
    if (part.type === 'field') yield { kind: 'field', name: part.fieldname, value: String(part.value ?? '') };
    else yield { kind: 'file', field: part.fieldname, filename: part.filename, data: part.file };
  }
}

/** An image upload form (`image` field) as the app reads it: the declared length, and the parts when it is a form. */
export function imageUploadOf(
  req: FastifyRequest,
  maxBytes: number,
): { contentLength: number; parts: AsyncIterable<FormPart> | undefined } {
  const len = Number(req.headers['content-length'] ?? 0);
  // A file longer than the limit ends one byte after it, so the app can tell it was too large.
  const parts = req.isMultipart() ? formParts(req, { fileSize: maxBytes + 1, fieldSize: 1024 }) : undefined;
  return { contentLength: Number.isFinite(len) ? len : -1, parts };
}
