export { useCreateSong } from './api/create-song';
export { useOptions } from './api/get-options';
export { GeneratePanel } from './components/generate-panel';
export { useCreateSongFromMelody } from './api/create-song-from-melody';
export { HumPanel } from './components/hum-panel';
