import { applyCspNonce } from './csp-nonce';

applyCspNonce();
