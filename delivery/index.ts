export { createCampaign, campaignStatus } from './campaigns.ts';
export { startDeliveryWorker, type DeliveryWorker, type WorkerOptions } from './worker.ts';
export { DEFAULT_LIMITS, allowedPerSecond } from './limits.ts';
export { updateCampaignCards } from './update-cards.ts';
