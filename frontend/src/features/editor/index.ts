export { applyEdit } from './api/apply-edit';
export { EditorPage, type EditorPageProps } from './components/editor-page';
