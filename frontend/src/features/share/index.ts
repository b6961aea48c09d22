export { ShareButton } from './components/share-button';
export { ShareDialog } from './components/share-dialog';
export type { Sharer } from './components/share-needs-account';
