import * as tf from '@tensorflow/tfjs';
await tf.setBackend('cpu'); tf.enableProdMode();
for (const sh of [[16384],[256,64]] as number[][]) {
  const x=tf.randomNormal(sh);
  for(let i=0;i<20;i++) tf.tidy(()=>{tf.add(x,x)});
  let t0=performance.now(); const R=100; for(let i=0;i<R;i++) tf.tidy(()=>{tf.add(x,x)});
  console.log(sh, 'add', ((performance.now()-t0)/R).toFixed(3),'ms');
  t0=performance.now(); for(let i=0;i<R;i++) tf.tidy(()=>{tf.add(x,x).dataSync()});
  console.log(sh, 'add+dataSync', ((performance.now()-t0)/R).toFixed(3),'ms');
  t0=performance.now(); for(let i=0;i<R;i++) tf.tidy(()=>{tf.tanh(x)});
  console.log(sh, 'tanh', ((performance.now()-t0)/R).toFixed(3),'ms');
}
