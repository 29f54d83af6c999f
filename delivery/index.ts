export { type Reach, reachOf } from './audience.ts';
export { campaignStatus, createCampaign, NO_ACCOUNT } from './campaigns.ts';
export { allowedPerSecond, DEFAULT_LIMITS } from './limits.ts';
export { updateCampaignCards } from './update-cards.ts';
export { type DeliveryObserver, type DeliveryWorker, startDeliveryWorker, type WorkerOptions } from './worker.ts';
