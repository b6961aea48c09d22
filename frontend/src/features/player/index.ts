export { SongPlayer } from './components/song-player';
