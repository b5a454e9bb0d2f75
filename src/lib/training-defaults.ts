// Plain data from recsys (no tfjs is pulled into the page bundle by this import).
export { DEFAULT_TRAINING_CONFIG } from '../recsys/training-config';
