export { useUploads } from './api/get-uploads';
export { AddAudioTrack } from './components/add-audio-track';
export { StartFromUpload } from './components/start-from-upload';
export { UploadDropzone } from './components/upload-dropzone';
export { UploadSummary } from './components/upload-summary';
export { hasClearTempo, songTempoFor } from './upload-tempo';
