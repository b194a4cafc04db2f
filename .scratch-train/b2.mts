import * as tf from '@tensorflow/tfjs';
await tf.setBackend('cpu'); tf.enableProdMode();
for (const B of [256, 1024]) {
  const x=tf.randomNormal([B,64]); const w=tf.randomNormal([64,64]);
  for(let i=0;i<5;i++) tf.tidy(()=>tf.matMul(x,w).dataSync());
  let t0=performance.now(); for(let i=0;i<50;i++) tf.tidy(()=>tf.matMul(x,w).dataSync());
  const dt=(performance.now()-t0)/50;
  console.log('matmul',B,'x64x64', dt.toFixed(3),'ms', (B*64*64*2/dt/1e6).toFixed(2),'GFLOP/s');
  t0=performance.now(); for(let i=0;i<50;i++) tf.tidy(()=>tf.tanh(tf.add(x,x)).dataSync());
  console.log('elementwise',B, ((performance.now()-t0)/50).toFixed(3),'ms');
}
