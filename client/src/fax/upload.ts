// The fax upload: a multipart POST through XMLHttpRequest, because fetch
// cannot report upload progress. Errors become ApiFailure like every call.
import type { OutboundFaxRow } from '../../../common/fax.ts';
import { ApiFailure, UNREACHABLE } from '../api.ts';

export function uploadFax(form: FormData, onProgress: (fraction: number) => void): Promise<OutboundFaxRow> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/fax/outbound');
    xhr.responseType = 'json';
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiFailure(0, UNREACHABLE));
    xhr.onload = () => {
      const body = xhr.response as { fax?: OutboundFaxRow; error?: string } | null;
      if (xhr.status === 201 && body?.fax) return resolve(body.fax);
      reject(new ApiFailure(xhr.status, body?.error ?? 'The fax could not be queued. Try again.'));
    };
    xhr.send(form);
  });
}
