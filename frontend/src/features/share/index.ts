export { ShareButton } from './components/share-button';
export { ShareDialog } from './components/share-dialog';
