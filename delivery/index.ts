export { createCampaign, expandCampaign, campaignStatus, NO_ACCOUNT, type CampaignInput, type CampaignStatus } from './campaigns.ts';
export { startDeliveryWorker, type DeliveryWorker, type RenderFn, type WorkerOptions } from './worker.ts';
export { DEFAULT_LIMITS, allowedPerSecond, type DeliveryLimits } from './limits.ts';
export { updateCampaignCards } from './update-cards.ts';
