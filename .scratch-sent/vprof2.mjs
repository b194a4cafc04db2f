import v from 'vader-sentiment';
const S = v.SentimentIntensityAnalyzer;
const t = 'is eth always this volatile i bought for the first time at the ath so it reached an ath and i bought it';
let s=0; const t0=performance.now();
for (let i=0;i<2000;i++) s+=S.polarity_scores(t).compound;
console.log('per call ms', (performance.now()-t0)/2000);
