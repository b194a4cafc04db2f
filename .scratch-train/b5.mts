import * as tf from '@tensorflow/tfjs';
await tf.setBackend('cpu'); tf.enableProdMode();
for (const n of [16, 1024, 16384, 262144]) {
  const x=tf.randomNormal([n]);
  for(let i=0;i<20;i++) tf.tidy(()=>{tf.add(x,x)});
  const t0=performance.now(); const R=100; for(let i=0;i<R;i++) tf.tidy(()=>{tf.add(x,x)});
  console.log(n, ((performance.now()-t0)/R).toFixed(3),'ms');
}
const a=new Float32Array(16384), b=new Float32Array(16384);
const t0=performance.now(); for(let r=0;r<100;r++) for(let i=0;i<a.length;i++) b[i]=a[i]+a[i];
console.log('plain 16384', ((performance.now()-t0)/100).toFixed(3),'ms');
