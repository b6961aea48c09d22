export { EditorPage, type EditorPageProps } from './components/editor-page';
