const a=new Float32Array(1<<20); for(let i=0;i<a.length;i++)a[i]=Math.random();
let t0=performance.now(); let s=0; for(let r=0;r<20;r++) for(let i=0;i<a.length;i++) s+=Math.tanh(a[i]);
console.log('plain tanh ns/elem', ((performance.now()-t0)*1e6/(20*a.length)).toFixed(2), s>0);
