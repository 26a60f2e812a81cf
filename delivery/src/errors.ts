import { StreamlabError } from '@streamlab/kernel-helpers';

/** The slides, the site or the exercise reset cannot be built from what is on disk. */
export class DeliveryError extends StreamlabError {}
