export { EditorPage } from './components/editor-page';
