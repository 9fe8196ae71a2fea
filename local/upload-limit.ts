// Largest upload the local cloud allows: the uploads Lambda gets it as MAX_UPLOAD_BYTES and the web
// client as config.json's maxUploadBytes, from this one number (terraform: var.max_upload_bytes).
export const LOCAL_MAX_UPLOAD_BYTES = 100 * 1000 * 1000;
