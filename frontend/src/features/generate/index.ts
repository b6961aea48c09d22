export { useCreateSong } from './api/create-song';
export { useOptions } from './api/get-options';
export { GeneratePanel } from './components/generate-panel';
